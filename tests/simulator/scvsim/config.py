"""Runtime settings of one simulator process (CLI options, some changeable through /_sim/config)."""
from dataclasses import dataclass, asdict

PATH_DIALECTS = ("published", "lowercase")
ON_OFF = ("on", "off")
ID_FORMS = ("int", "str")


@dataclass
class SimConfig:
    host: str = "127.0.0.1"
    port: int = 8144
    vcenter_port: int = 8443
    cert_dir: str = "./.sim-certs"
    state_file: str | None = None
    world: str | None = None
    username: str | None = None   # None: take the world's login
    password: str | None = None
    token_ttl: int = 7200
    job_seconds: float = 2.0
    paths: str = "published"
    job_ids: str = "on"
    ids: str = "int"

    def as_dict(self) -> dict:
        return asdict(self)
