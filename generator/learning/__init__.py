"""学习强国 figures: platform exports -> monthly records -> rates per unit and for the bureau.

Three stages, each a function without hidden state:
1. :func:`read_export` reads the platform administrator's export (CSV in
   UTF-8, UTF-8 with BOM, GBK/GB18030 or UTF-16; or XLSX) into rows, with
   every problem located as ``FILE:ROW:COL``.
2. :func:`prepare_import` matches the rows' names to people of units.yaml
   (``learning/aliases.yaml`` maps names that differ) and renders the
   normalized monthly file ``learning/YYYY/YYYY-MM.yaml``; nothing is written
   while any error remains (:func:`write_import` writes, atomically).
3. :func:`load_learning` / :func:`check_learning` read and validate the
   monthly files, and :func:`learning_figures` computes registration rate,
   average daily log-in rate and cadres' year points against the targets of
   ``scoring.yaml learning:``.

The monthly files are records of the instance, read in generator/read/learning.py;
exports.py reads exports, importing.py writes monthly files, figures.py computes the rates.
See docs/learning.md for the accepted columns and the rules.
"""
from ..read.learning import (
                             CADRE_POINTS,
                             COLUMNS,
                             DAILY_LOGIN,
                             REGISTRATION,
                             TARGET_LABELS,
                             LearningEntry,
                             LearningMonth,
                             check_learning,
                             load_aliases,
                             load_learning,
                             month_path,
                             read_learning,
)
from .exports import Export, ExportRow, read_export
from .figures import (
                             CadreStanding,
                             LearningFigures,
                             LearningGroup,
                             below_target_text,
                             figures_from,
                             figures_json,
                             figures_table,
                             learning_figures,
                             parse_month,
                             percent,
                             shortfall_text,
                             units_below_target,
)
from .importing import (
                             ImportResult,
                             expected_people,
                             prepare_import,
                             render_month,
                             write_import,
)

__all__ = [
                             "CADRE_POINTS",
                             "COLUMNS",
                             "DAILY_LOGIN",
                             "REGISTRATION",
                             "TARGET_LABELS",
                             "CadreStanding",
                             "Export",
                             "ExportRow",
                             "ImportResult",
                             "LearningEntry",
                             "LearningFigures",
                             "LearningGroup",
                             "LearningMonth",
                             "below_target_text",
                             "check_learning",
                             "expected_people",
                             "figures_from",
                             "figures_json",
                             "figures_table",
                             "learning_figures",
                             "load_aliases",
                             "load_learning",
                             "month_path",
                             "parse_month",
                             "percent",
                             "prepare_import",
                             "read_export",
                             "read_learning",
                             "render_month",
                             "shortfall_text",
                             "units_below_target",
                             "write_import",
]
