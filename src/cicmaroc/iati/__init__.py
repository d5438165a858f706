"""IATI 2.03: the official standard (vendored in `standard/`) and `cic iati --check`.

`check` checks any IATI activity file in three layers, each in its own module: the XSD
(`xsd`), the codelists (`codelists`) and the Standard's own rules (`ruleset`, an interpreter of
rulesets/standard.json). `xmlfile` reads the file safely and places findings on its lines;
`standard` finds and loads the vendored files. The exporter (`cic iati` writing the programme,
`export`, with `results`, `elements` and `sentences`) checks what it builds with the same
`check_bytes` before anything is written.

Nothing here is imported by `cic validate`: lxml and the standard load only for `cic iati`.
"""
