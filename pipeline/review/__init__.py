"""The review loop: calibrated confidence, and Label Studio push / pull / status.

    from pipeline.review.push import push
    from pipeline.review.pull import pull, status
    from pipeline.review.labelstudio import Connection, LabelStudio

`pipeline.review.confidence` registers the corpus stage `confidence`; `calibration` fits it;
`routing` measures how well the threshold sends wrong records to reviewers; `bench` times a push.
Submodules are imported on demand: the pipeline itself only needs `confidence`.
"""
