"""Kazakh <-> Russian: entity linking, document matching and telegram records (corpus stages
`align` and `telegrams`, in `pipeline.align.component`)."""
