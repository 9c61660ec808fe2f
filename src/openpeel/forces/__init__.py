"""The police forces of England and Wales: a registry read from data/forces.yaml, and derived peer groups."""

from openpeel.forces.model import Force, Population
from openpeel.forces.peer_groups import PeerGroup, PeerVariable, all_peer_groups, peer_group
from openpeel.forces.registry import Registry, all_forces, get_force, load_registry, normalise

__all__ = [
    "Force",
    "PeerGroup",
    "PeerVariable",
    "Population",
    "Registry",
    "all_forces",
    "all_peer_groups",
    "get_force",
    "load_registry",
    "normalise",
    "peer_group",
]
