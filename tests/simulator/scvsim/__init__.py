"""SCV appliance simulator: a stateful stand-in for SnapCenter Plug-in for VMware vSphere and vCenter."""
