"""Audit logs (SCV 4.8+): one hash-chained JSON line per write, rolled files, verification.

The contract names the endpoints only; every shape here is a house choice (tests/simulator/README.md).
Files live in the state (so --state-file keeps them and /_sim/reset clears them), oldest first, the
active `audit.log` last. Rolled files are stored as their lines and served decompressed; their size is
the size of their gzip form.
"""
import datetime
import gzip
import hashlib
import json
import re

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError

from .errors import ApiError, bad_request, not_found
from .state import format_time

ACTIVE_FILE = "audit.log"
# audit.log, or a rolled audit-YYYYMMDD-HHMMSS[-n].log.gz: nothing else names an audit file
FILE_NAME = re.compile(r"audit(-\d{8}-\d{6}(-\d+)?\.log\.gz|\.log)")
CATEGORIES = ("STORAGE_SYSTEM", "POLICY", "RESOURCE_GROUP", "BACKUP", "RESTORE", "MOUNT", "VMDK", "JOB",
              "SCHEDULE", "AUDIT", "ACCOUNT")
OPERATIONS = ("CREATE", "MODIFY", "DELETE", "RENAME", "SUSPEND", "RESUME", "BACKUP", "RESTORE", "MOUNT",
              "UNMOUNT", "ATTACH", "DETACH", "FAIL", "LOGIN")
STATUSES = ("VERIFIED", "UNVERIFIED", "TAMPERED")
MIB = 1024 * 1024
SECRET_FIELDS = ("password", "token")


# --- hashing ---------------------------------------------------------------------------------------

def canonical(entry: dict) -> str:
    """The text an entry's hash covers: the entry without `hash`, keys sorted, no spaces, UTF-8."""
    return json.dumps({k: v for k, v in entry.items() if k != "hash"}, sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False)


def chain_hash(previous_hash: str, entry: dict) -> str:
    return hashlib.sha256((previous_hash + canonical(entry)).encode("utf-8")).hexdigest()


# --- files -----------------------------------------------------------------------------------------

def _text(audit_file: dict) -> str:
    return "".join(line + "\n" for line in audit_file["lines"])


def _refresh_size(audit_file: dict) -> None:
    data = _text(audit_file).encode("utf-8")
    audit_file["sizeBytes"] = len(gzip.compress(data, mtime=0)) if audit_file["compressed"] else len(data)


def _new_active(now: float) -> dict:
    return {"fileName": ACTIVE_FILE, "created": now, "modified": now, "lines": [], "compressed": False,
            "sizeBytes": 0, "integrityStatus": "UNVERIFIED", "lastVerified": None, "lastHash": None}


def _files(state, now: float, create: bool = True) -> list[dict]:
    """The files, oldest first; audit.log (created by the first write) is always the last one. Reads
    (create=False) see an empty audit.log before that without storing it."""
    files = state["audit"]["files"]
    if not files or files[-1]["fileName"] != ACTIVE_FILE:
        if not create:
            return files + [_new_active(now)]
        files.append(_new_active(now))
    return files


def _rolled_name(files: list[dict], now: float) -> str:
    base = "audit-" + datetime.datetime.fromtimestamp(now).strftime("%Y%m%d-%H%M%S")
    taken = {f["fileName"] for f in files}
    name, counter = f"{base}.log.gz", 1
    while name in taken:
        counter += 1
        name = f"{base}-{counter}.log.gz"
    return name


def _roll(state, now: float) -> None:
    audit = state["audit"]
    files = audit["files"]
    active = files[-1]
    active["fileName"] = _rolled_name(files, now)
    active["compressed"] = True
    _refresh_size(active)
    files.append(_new_active(now))
    _prune(audit)


def _prune(audit: dict) -> None:
    """Keep at most maxFiles files; the chain anchor moves to the last hash of the removed file."""
    files = audit["files"]
    while len(files) > audit["config"]["maxFiles"] and len(files) > 1:
        removed = files.pop(0)
        if removed["lastHash"]:
            audit["anchor"] = removed["lastHash"]


def _scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret and len(secret) >= 3:
            text = text.replace(secret, "********")
    return text


def append(sim, user: str | None, category: str, operation: str, obj, object_id, result: str, details: str,
           secrets=()) -> None:
    """Add one entry to audit.log (rolling first when it is full). Never stores a password or token."""
    if not sim.config.supports("audit"):
        return
    state = sim.state
    audit = state["audit"]
    if not audit["config"]["enabled"] and category != "AUDIT":
        return   # a change of the audit configuration itself is always recorded
    now = state.now()
    files = _files(state, now)
    active = files[-1]
    if active["lines"] and (len(active["lines"]) >= sim.config.audit_roll_entries
                            or active["sizeBytes"] >= audit["config"]["maxFileSizeMB"] * MIB):
        _roll(state, now)
        active = files[-1]
    previous = audit.get("lastHash") or audit["anchor"]
    entry = {"time": format_time(now), "user": user or "", "category": category, "operation": operation,
             "object": "" if obj is None else str(obj), "objectId": None if object_id is None else str(object_id),
             "result": result, "details": _scrub(details or "", list(secrets))}
    entry["hash"] = chain_hash(previous, entry)
    line = json.dumps(entry, ensure_ascii=False)
    active["lines"].append(line)
    active["sizeBytes"] += len(line.encode("utf-8")) + 1
    active["modified"] = now
    active["lastHash"] = entry["hash"]
    audit["lastHash"] = entry["hash"]
    if active["integrityStatus"] == "VERIFIED":
        active["integrityStatus"] = "UNVERIFIED"   # the new entry has not been verified yet


def file_view(audit_file: dict, with_content: bool = False) -> dict:
    view = {"fileName": audit_file["fileName"], "sizeBytes": audit_file["sizeBytes"],
            "createdTime": format_time(audit_file["created"]), "modifiedTime": format_time(audit_file["modified"]),
            "entries": len(audit_file["lines"]), "integrityStatus": audit_file["integrityStatus"],
            "lastVerifiedTime": format_time(audit_file["lastVerified"])}
    if with_content:
        view["content"] = _text(audit_file)
    return view


def listed(state) -> list[dict]:
    """audit.log first, then the rolled files newest first."""
    files = _files(state, state.now(), create=False)
    return [files[-1]] + list(reversed(files[:-1]))


def find_file(state, file_name: str) -> dict:
    if not FILE_NAME.fullmatch(file_name):
        raise bad_request(f"filename: '{file_name}' is not an audit log file name "
                          "(audit.log or audit-<timestamp>.log.gz)")
    for audit_file in _files(state, state.now(), create=False):
        if audit_file["fileName"] == file_name:
            return audit_file
    raise not_found(f"No audit log file named '{file_name}'")


def verify(state) -> dict:
    """Walk the chain over all files, oldest first; mark each VERIFIED or TAMPERED."""
    now = state.now()
    audit = state["audit"]
    files = _files(state, now)
    previous = audit["anchor"]
    results = []
    for audit_file in files:
        first_bad = None
        for number, line in enumerate(audit_file["lines"], start=1):
            try:
                entry = json.loads(line)
                stored = entry["hash"]
            except (ValueError, KeyError, TypeError):
                first_bad = first_bad or number
                continue
            if first_bad is None and chain_hash(previous, entry) != stored:
                first_bad = number
            previous = stored   # later entries chain from what is written, so one edit flags one place
        results.append([audit_file, first_bad])
    # entries cut off the end of the newest file leave the chain short of the last hash written
    if audit.get("lastHash") and previous != audit["lastHash"] and results[-1][1] is None:
        results[-1][1] = len(files[-1]["lines"]) + 1
    for audit_file, first_bad in results:
        audit_file["integrityStatus"] = "VERIFIED" if first_bad is None else "TAMPERED"
        audit_file["lastVerified"] = now
    by_name = {f["fileName"]: bad for f, bad in results}
    ordered = listed(state)
    return {"result": "PASSED" if all(bad is None for bad in by_name.values()) else "FAILED",
            "verifiedTime": format_time(now),
            "files": [{"fileName": f["fileName"], "integrityStatus": f["integrityStatus"],
                       "firstBadEntry": by_name[f["fileName"]]} for f in ordered]}


def tamper(state, file_name: str, line: int, field: str, value, delete: bool = False) -> dict:
    """/_sim: change (or delete) one entry without fixing its hash, as an intruder would."""
    audit_file = find_file(state, file_name)
    if not 1 <= line <= len(audit_file["lines"]):
        raise bad_request(f"line: {file_name} has {len(audit_file['lines'])} entries")
    if delete:
        del audit_file["lines"][line - 1]
    else:
        entry = json.loads(audit_file["lines"][line - 1])
        entry[field] = value
        audit_file["lines"][line - 1] = json.dumps(entry, ensure_ascii=False)
    _refresh_size(audit_file)
    return file_view(audit_file)


def apply_config(state, config: dict) -> None:
    state["audit"]["config"] = config
    _prune(state["audit"])


# --- the hook every audited route declares -------------------------------------------------------

def _user_of(request: Request) -> str | None:
    session = request.app.state.sim.state["tokens"].get(request.headers.get("Token", ""))
    return session["username"] if session else None


def note(request: Request, obj=None, object_id=None, details: str | None = None, user: str | None = None) -> None:
    """Called by a handler: what its audit entry names (the object, its id, a readable detail)."""
    audit = getattr(request.state, "audit", None)
    if audit is None:
        return
    for key, value in (("object", obj), ("objectId", object_id), ("details", details), ("user", user)):
        if value is not None:
            audit[key] = value


def audited(category: str, operation: str):
    """Route dependency: one audit entry per call, SUCCESS or FAILURE (with the error messages)."""
    assert category in CATEGORIES and operation in OPERATIONS

    async def record_call(request: Request):
        request.state.audit = {"object": None, "objectId": None, "details": None, "user": None}
        try:
            yield
        except (ApiError, RequestValidationError) as error:
            messages = error.messages if isinstance(error, ApiError) else [
                f"{'.'.join(str(p) for p in item.get('loc', ())[1:]) or 'body'}: {item.get('msg', 'invalid')}"
                for item in error.errors()]
            _write(request, category, operation, "FAILURE", "; ".join(messages))
            raise
        else:
            _write(request, category, operation, "SUCCESS", None)

    return Depends(record_call)


def _write(request: Request, category: str, operation: str, result: str, failure: str | None) -> None:
    sim = request.app.state.sim
    noted = request.state.audit
    details = noted["details"] or ""
    if failure:
        details = f"{details}: {failure}" if details else failure
    body = _body_of(request)
    secrets = [request.headers.get("Token", "")] + [str(body.get(field, "")) for field in SECRET_FIELDS]
    user = noted["user"] or _user_of(request) or (str(body["username"]) if "username" in body else None)
    append(sim, user, category, operation, noted["object"], noted["objectId"], result, details, secrets)


def _body_of(request: Request) -> dict:
    """The request's JSON body as starlette cached it (only to keep its secrets out of the entry)."""
    try:
        body = json.loads(getattr(request, "_body", b"") or b"{}")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
