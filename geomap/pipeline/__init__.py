"""The pipeline layer: one document -> :class:`~geomap.model.Analysis`, and streams of them over inputs.

It sits above the stages (document, recognize, resolve, geocoders, claims, incidents) and below the
outputs, batch and the command line.
"""

from .merged import merge_analyses
from .options import AnalysisOptions, DocumentBudget, check_country, make_tolerance
from .run import AnalysisStream, analyze, analyze_document, check_text, iter_analyses
from .saved import is_saved_analysis

__all__ = ["AnalysisOptions", "AnalysisStream", "DocumentBudget", "analyze", "check_country", "analyze_document", "check_text",
           "is_saved_analysis", "iter_analyses", "make_tolerance",
           "merge_analyses"]
