"""jazba: a bilingual Kazakh/Russian annotation pipeline for historical archival text.

Library API (the `jazba` command is a thin layer over it):

    from pipeline import Pipeline, RunConfig
    doc = Pipeline().annotate("1954 жылғы 18 мамырда ...")
    result = Pipeline().run(["article.txt"], ru_inputs=["telegrams/"])
"""
__version__ = "0.1.0"

from .records import Document, Record  # noqa: E402
from .runner import Pipeline, RunConfig, RunResult  # noqa: E402

__all__ = ["Document", "Pipeline", "Record", "RunConfig", "RunResult", "__version__"]
