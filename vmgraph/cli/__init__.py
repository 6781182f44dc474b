"""The `vmgraph` command line: one module per command, with the options and exit codes they share."""
