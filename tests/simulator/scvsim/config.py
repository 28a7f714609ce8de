"""Runtime settings of one simulator process (CLI options, some changeable through /_sim/config)."""
from dataclasses import dataclass, asdict

from .versions import DEFAULT_VERSION, supports

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
    version: str = DEFAULT_VERSION      # the SCV release played: later endpoints answer 404
    generate: str | None = None         # "vms=N,datastores=M,..." builds a world instead of --world
    audit_roll_entries: int = 100000    # audit.log rolls when it holds this many entries
    time_scale: float = 1.0             # the simulated clock runs this many times faster than real time

    def supports(self, feature: str) -> bool:
        return supports(self.version, feature)

    def as_dict(self) -> dict:
        return asdict(self)
