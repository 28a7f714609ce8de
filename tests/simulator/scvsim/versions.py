"""Which SCV release introduced what (contract: "Versions"), and the `--version` the simulator plays."""
import re

DEFAULT_VERSION = "6.1.0"

# feature -> first SCV release that has it
INTRODUCED = {
    "jobs": (4, 4), "reports": (4, 4), "schedules": (4, 4),   # /4.1/jobs, /4.1/reports/*, /4.1/schedules
    "audit": (4, 8),                                           # /4.1/audit/*
    "springdoc": (4, 9),      # Swagger UI at /api/swagger-ui/index.html, OpenAPI 3 at /api/v3/api-docs
    "storage_rename": (5, 0),                                  # PATCH /4.1/storage-system
    "locking_period": (5, 0),                                  # policy field lockingPeriod
}


class VersionError(ValueError):
    pass


def parse_version(text: str) -> tuple:
    """'4.7' or '6.1.0' -> (4, 7, 0)."""
    match = re.fullmatch(r"(\d+)\.(\d+)(?:\.(\d+))?", str(text).strip())
    if not match:
        raise VersionError(f"version '{text}' is not of the form MAJOR.MINOR[.PATCH] (e.g. 6.1.0)")
    major, minor, patch = match.groups()
    version = (int(major), int(minor), int(patch or 0))
    if version < (4, 1, 0):
        raise VersionError(f"version '{text}': the REST API starts with SCV 4.1")
    return version


def supports(version_text: str, feature: str) -> bool:
    return parse_version(version_text) >= INTRODUCED[feature] + (0,)


def introduced_in(feature: str) -> str:
    return ".".join(str(part) for part in INTRODUCED[feature])
