"""The catalogue of rule codes, on the ground floor: how a code is declared (`declaration`), and the
codes that no check owns: reading the files (`files`, CIC000-CIC013), a filled form read back by
`cic import` (`collecting`, CIC720-CIC734), an IATI file checked by `cic iati --check` (`iati`,
CIC800-CIC803). Every stage that reports one of them imports it downwards; `rules.registry`
gathers these and the checks' own codes into the one table.
"""
