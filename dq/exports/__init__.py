"""The files that leave the program: fix lists, cleaned files, templates and the report."""
