"""The cascade as plain parent and child lists in scorecard order, with depths for collapsing."""

from __future__ import annotations

from collections import deque
from collections.abc import Container
from dataclasses import dataclass, field
from functools import cached_property

from kpicascade.model import Contributes, Node, Scorecard


@dataclass
class Structure:
    """Nodes and contributes links of a scorecard, indexed both ways, in the scorecard's order."""

    nodes: dict[str, Node]
    links: list[Contributes]
    parents: dict[str, list[str]] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)

    @cached_property
    def order(self) -> dict[str, int]:
        """Return each node's place in the scorecard."""
        return {ident: k for k, ident in enumerate(self.nodes)}

    def roots(self) -> list[str]:
        """Return the nodes that contribute to nothing, in scorecard order."""
        return [i for i in self.nodes if not self.parents[i]]

    def depths(self) -> dict[str, int]:
        """Return each node's shortest distance below a root (roots are 0)."""
        depth = dict.fromkeys(self.roots(), 0)
        queue = deque(depth)
        while queue:
            here = queue.popleft()
            for child in self.children[here]:
                if child not in depth:
                    depth[child] = depth[here] + 1
                    queue.append(child)
        return depth

    def below(self, node_id: str) -> set[str]:
        """Return every node that contributes to node_id, directly or not."""
        seen: set[str] = set()
        stack = list(self.children[node_id])
        while stack:
            here = stack.pop()
            if here not in seen:
                seen.add(here)
                stack.extend(self.children[here])
        return seen

    def above(self, node_id: str) -> set[str]:
        """Return every node that node_id contributes to, directly or not."""
        seen: set[str] = set()
        stack = list(self.parents[node_id])
        while stack:
            here = stack.pop()
            if here not in seen:
                seen.add(here)
                stack.extend(self.parents[here])
        return seen

    def nearest_shown(self, node_id: str, shown: Container[str]) -> list[str]:
        """Return the shown nodes closest above node_id (itself if shown), in scorecard order."""
        if node_id in shown:
            return [node_id]
        found: set[str] = set()
        frontier, seen = list(self.parents[node_id]), set()
        while frontier:
            here = frontier.pop()
            if here in seen:
                continue
            seen.add(here)
            if here in shown:
                found.add(here)
            else:
                frontier.extend(self.parents[here])
        return sorted(found, key=self.order.__getitem__)


def structure(card: Scorecard) -> Structure:
    """Return the scorecard's cascade structure."""
    nodes = {n.id: n for n in card.nodes}
    out = Structure(nodes, list(card.links.contributes), {i: [] for i in nodes}, {i: [] for i in nodes})
    for link in card.links.contributes:
        if link.from_ in nodes and link.to in nodes:
            out.parents[link.from_].append(link.to)
            out.children[link.to].append(link.from_)
    return out
