"""The documents layer: gathers the data of each printed document and calls printing/."""
