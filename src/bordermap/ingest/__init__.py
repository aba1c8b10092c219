"""The upload pipeline: read a file, check it, reproject it, and plan and run its import.

`parse` reads bytes into JSON within limits, `validate` checks RFC 7946 structure, `geo`
checks and repairs geometry, `properties` applies the property rules, `targets`, `ids` and `precision` settle where the
features go and under which ids, and `pipeline` ties them into an import plan that the store runs as one revision.
"""

from .pipeline import ImportPlan, check_feature, plan_import, run_import
from .precision import editor_precision
from .targets import import_key, import_key_parts, make_layer, slugify

__all__ = ["ImportPlan", "check_feature", "editor_precision", "import_key", "import_key_parts", "make_layer",
           "plan_import", "run_import", "slugify"]
