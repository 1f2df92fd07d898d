"""The CAF beneficiaries flow (CNAF schema vrsb0801): read, validate, import, generate.

- `parser` streams a file (plain or gzip, UTF-8 or windows-1252) into raw households;
- `validation` turns one raw household into checked values, or a French reason to reject it;
- `matching`, `changes` and `writer` import a batch of households in a few bulk queries;
- `importer` runs a whole file in one transaction and writes the report;
- `generator` writes synthetic flows valid against the schema (demo, tests, benchmark).
"""
