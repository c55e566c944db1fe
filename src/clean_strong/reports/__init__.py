"""Reports: a data set or a folder of communes, evaluated and written as HTML pages."""

from .build import evaluated, load_report, write_report
from .write import write_pages

__all__ = ["evaluated", "load_report", "write_pages", "write_report"]
