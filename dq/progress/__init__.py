"""Progress over time: two checks compared, and the saved checks per office."""
