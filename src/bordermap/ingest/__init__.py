"""The upload pipeline: read a file, check it, reproject it, and plan and run its import.

`parse` reads bytes into JSON within limits, `validate` checks RFC 7946 structure, `geo`
checks and repairs geometry, `properties` applies the property rules, and `pipeline` ties
them into an import plan that the store runs as one revision.
"""

from .pipeline import (
    ImportPlan,
    check_feature,
    editor_precision,
    import_key,
    import_key_parts,
    make_layer,
    plan_import,
    run_import,
    slugify,
)

__all__ = ["ImportPlan", "check_feature", "editor_precision", "import_key", "import_key_parts", "make_layer",
           "plan_import", "run_import", "slugify"]
