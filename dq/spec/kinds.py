"""The two import files by name, apart from the fields: the command line names them without
loading pandas and the checks (`dq --help` and a wrong option answer at once)."""

RELATIES, CONTACTEN = "relaties", "contacten"
