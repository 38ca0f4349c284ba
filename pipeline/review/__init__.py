"""The review loop: calibrated confidence, and Label Studio push / pull / status.

    from pipeline.review.push import push
    from pipeline.review.pull import pull, status
    from pipeline.review.labelstudio import Connection, LabelStudio

`pipeline.review.confidence` registers the corpus stage `confidence`; `calibration` fits it per
language; `routing` measures how well the threshold sends wrong records to reviewers; `tasks` builds
the labelling view and its tasks; `values` checks reviewers' values; `agreement` compares two
reviewers; `bench` times a push. See docs/review.md.
Submodules are imported on demand: the pipeline itself only needs `confidence`.
"""
