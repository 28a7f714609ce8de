"""Request bodies. Pydantic checks types and ranges; violations become 400s naming the field."""
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

# An id as clients may send it: 42 or "42" (pydantic's lax mode turns "42" into 42)
IdValue = Annotated[int, Field(ge=0), WithJsonSchema({"anyOf": [
    {"type": "integer", "minimum": 0},
    {"type": "string", "pattern": "^[0-9]+$"},
]})]
Frequency = Literal["HOURLY", "DAILY", "WEEKLY", "MONTHLY", "ON_DEMAND"]
Weekday = Literal["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]
Text = Annotated[str, Field(max_length=4096)]


class Body(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class LoginBody(Body):
    username: Text
    password: Text


class StorageSystemBody(Body):
    name: Text = Field(min_length=1)
    userName: Text = Field(min_length=1)
    password: Text
    protocol: Literal["HTTPS", "HTTP"] = "HTTPS"
    port: int = Field(443, ge=1, le=65535)
    timeout: int = Field(60, ge=1, le=3600)
    preferredIp: Text = ""
    platformType: Text = "AFF"
    asup: bool = False
    syslog: bool = False


class StorageSystemUpdateBody(StorageSystemBody):
    password: Text | None = None   # never returned by GET, so a PUT of the answered object omits it


class SvmName(Body):
    name: Text = Field(min_length=1)


class StorageSystemRenameBody(Body):
    existingSVM: SvmName
    newSVM: SvmName


class Retention(Body):
    type: Literal["COUNT", "DAYS"]
    value: int


class LockingPeriod(Body):
    value: int = Field(ge=1, le=36500)
    unit: Literal["DAYS", "MONTHS", "YEARS"]


class PolicyBody(Body):
    name: Text
    description: Text = ""
    frequency: Frequency
    retention: Retention
    snapMirror: bool = False
    snapVault: bool = False
    snapshotLabel: Text = ""
    vmConsistency: bool = False
    includeIndependentDisks: bool = False
    lockingPeriod: LockingPeriod | None = None


class Schedule(Body):
    frequency: Frequency
    every: int = Field(1, ge=1, le=10000)
    daysOfWeek: list[Weekday] = []
    daysOfMonth: list[Annotated[int, Field(ge=1, le=31)]] = []
    startTime: Text | None = None


class PolicyAttachment(Body):
    id: IdValue
    schedule: Schedule | None = None


class EntityRef(Body):
    moref: Text


class SpanningDatastores(Body):
    spanningType: Literal["EXCLUDE_ALL", "INCLUDE_ALL", "CUSTOM"] = "EXCLUDE_ALL"
    datastores: list[Text | EntityRef] = []


class EmailSettings(Body):
    sender: Text = Field(alias="from")
    to: list[Text] = []
    subject: Text = ""


class ResourceGroupBody(Body):
    name: Text
    description: Text = ""
    entities: list[Text | EntityRef] = Field(min_length=1)
    policies: list[PolicyAttachment] = []
    spanningDatastores: SpanningDatastores = SpanningDatastores()
    notification: Literal["NEVER", "ALWAYS", "ERROR", "ERROR_OR_WARNINGS"] = "NEVER"
    emailSettings: EmailSettings | None = None
    latestSnapshotName: bool = False
    customSnapshotFormat: Text | None = None


class BackupNowBody(Body):
    resourceGroupId: IdValue
    policyId: IdValue


class SnapshotLocationRef(Body):
    """A snapshot location object as answered; `location` identifies it."""
    locationType: Literal["PRIMARY", "SECONDARY"] = "PRIMARY"
    location: Text
    datastore: Text | None = None
    datastoreMoref: Text | None = None
    storageSystem: Text | None = None
    volume: Text | None = None
    snapshotName: Text | None = None


class RestoreLocation(SnapshotLocationRef):
    esxHost: Text


class RestoreBody(Body):
    restartVM: bool = False
    restoreLocations: list[RestoreLocation] = Field(min_length=1)


class VmdkRef(Body):
    """A VMDK location object as answered; `vmdkPath` identifies it."""
    vmdkPath: Text
    diskKey: int | None = None
    controller: Text | None = None
    datastore: Text | None = None
    datastoreMoref: Text | None = None
    capacityGB: float | None = None
    attachedFromBackupId: IdValue | None = None


class VmdkRestoreLocation(Body):
    restoreFromLocation: SnapshotLocationRef
    vmdkToRestore: VmdkRef
    restoreToDatastore: Text


class RestoreVmdksBody(Body):
    esxHost: Text
    vmdkRestoreLocations: list[VmdkRestoreLocation] = Field(min_length=1)


class AttachVmdksBody(Body):
    backupId: IdValue
    vmdkLocations: list[VmdkRef] = Field(min_length=1)
    alternateVmMoref: Text | None = None


class DetachVmdksBody(Body):
    vmdksToDetach: list[VmdkRef | Text] = Field(min_length=1)


class MountBody(Body):
    datastore: Text
    location: Text
    esxHostName: Text


class UnmountBody(Body):
    datastoreMoref: Text


class ScheduleUpdateBody(Body):
    name: Text
    cronExpression: Text


class SyslogSettings(Body):
    enabled: bool = False
    server: Text | None = None
    port: int = Field(514, ge=1, le=65535)
    protocol: Literal["UDP", "TCP", "TLS"] = "UDP"


class AuditConfigBody(Body):
    """PUT /4.1/audit/config replaces the settings; an omitted field takes its default."""
    enabled: bool = True
    maxFileSizeMB: int = Field(10, ge=1, le=1024)
    maxFiles: int = Field(10, ge=1, le=10)
    syslog: SyslogSettings = SyslogSettings()
