"""The one list of output formats the CLI offers (as sqlfluff's FormatType)."""
from enum import Enum


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
