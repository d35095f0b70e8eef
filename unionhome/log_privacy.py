"""No ID number or mobile number reaches the application log (SECURITY.md, "Logs").

A logging filter on every handler: the formatted message, the exception text and the stack text
of a record are rewritten with ``masking.mask_numbers_in`` before any handler writes them. A
traceback of a failed import that quotes a row, or a database error that quotes a value, is
written with the numbers masked.
"""

from __future__ import annotations

import logging

from .masking import mask_numbers_in


class MaskPersonalNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_numbers_in(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_numbers_in(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_numbers_in(record.stack_info)
        return True
