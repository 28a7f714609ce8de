"""One exception type for every answer that is not a success."""

STATUS_MESSAGES = {200: "OK", 201: "Created", 202: "Accepted", 400: "Bad Request", 401: "Unauthorized",
                   404: "Not Found", 405: "Method Not Allowed", 409: "Conflict", 429: "Too Many Requests",
                   500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


class ApiError(Exception):
    """Raised anywhere in a handler; turned into the SCV envelope (or vCenter error) by the app."""

    def __init__(self, status: int, *messages: str):
        super().__init__("; ".join(messages))
        self.status = status
        self.messages = list(messages)


def bad_request(*messages: str) -> ApiError:
    return ApiError(400, *messages)


def not_found(*messages: str) -> ApiError:
    return ApiError(404, *messages)


def conflict(*messages: str) -> ApiError:
    return ApiError(409, *messages)
