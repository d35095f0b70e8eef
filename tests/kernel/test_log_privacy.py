"""The application log never holds a full ID number or mobile number."""

from __future__ import annotations

import logging
import logging.config

from django.conf import settings

ID_NUMBER = "11010519491231002X"
PHONE = "13812345678"


def _configured_logger(tmp_path):
    """The project's LOGGING, with its console handler writing to a file we can read."""
    config = {**settings.LOGGING}
    target = tmp_path / "app.log"
    config["handlers"] = {
        "console": {
            **settings.LOGGING["handlers"]["console"],
            "class": "logging.FileHandler",
            "filename": str(target),
        }
    }
    logging.config.dictConfig(config)
    return target


def test_a_message_with_an_id_number_and_a_phone_is_written_masked(tmp_path):
    target = _configured_logger(tmp_path)
    try:
        logging.getLogger("branches.tasks").warning("row 7: %s, phone %s", ID_NUMBER, PHONE)
        for handler in logging.getLogger().handlers:
            handler.flush()
        written = target.read_text(encoding="utf-8")
        assert "1101**********002X" in written and "138****5678" in written
        assert ID_NUMBER not in written and PHONE not in written
    finally:
        logging.config.dictConfig(settings.LOGGING)


def test_a_traceback_that_quotes_an_id_number_is_written_masked(tmp_path):
    target = _configured_logger(tmp_path)
    try:
        try:
            raise ValueError(f"duplicate key value (id_number)=({ID_NUMBER})")
        except ValueError:
            logging.getLogger("branches.tasks").exception("import failed")
        for handler in logging.getLogger().handlers:
            handler.flush()
        written = target.read_text(encoding="utf-8")
        assert "import failed" in written and "ValueError" in written
        assert ID_NUMBER not in written and "1101**********002X" in written
    finally:
        logging.config.dictConfig(settings.LOGGING)
