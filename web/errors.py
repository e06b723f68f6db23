"""One JSON error shape and Vietnamese HTML error pages; user input never causes a 500."""
from __future__ import annotations

from flask import Flask, jsonify, render_template
from werkzeug.exceptions import HTTPException

from kb.errors import IndexMissingError, QueryError
from web.render import wants_json

MESSAGES = {400: "Yêu cầu không hợp lệ", 401: "Cần đăng nhập", 403: "Không được phép", 404: "Không tìm thấy trang",
            405: "Phương thức không được hỗ trợ", 409: "Xung đột khi lưu", 413: "Tệp quá lớn",
            422: "Chưa lưu được", 429: "Quá nhiều lần thử", 500: "Lỗi máy chủ", 503: "Chưa có chỉ mục"}


def error_response(status: int, message: str):
    """The one error shape: {"ok": false, "error": ..., "status": ...}, or an HTML page."""
    if wants_json():
        return jsonify({"ok": False, "error": message, "status": status}), status
    return render_template("error.html", status=status, title=MESSAGES.get(status, "Lỗi"),
                           message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(QueryError)
    def _query_error(exc: QueryError):
        return error_response(400, str(exc))

    @app.errorhandler(IndexMissingError)
    def _no_index(exc: IndexMissingError):
        return error_response(503, f"{exc}")

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        return error_response(exc.code or 500, exc.description or MESSAGES.get(exc.code or 500, ""))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unexpected error")
        return error_response(500, "Đã có lỗi ngoài dự kiến; lỗi đã được ghi lại.")
