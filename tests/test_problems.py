"""Places: the map of locations by field path behaves as a mapping of Location objects."""

from __future__ import annotations

from kpicascade.problems import Location, Locations, SourceMap


def test_a_location_put_in_comes_out_equal() -> None:
    places = Locations()
    places[("nodes", 0, "id")] = Location("card.yaml", 14, 9)
    places.setdefault(("nodes", 0, "id"), Location("other.yaml", 1, 1))  # already there: kept
    places.setdefault(("account",), Location("card.yaml"))
    assert places[("nodes", 0, "id")] == Location("card.yaml", 14, 9)
    assert places.get(("account",)) == Location("card.yaml", None, None)
    assert places.get(("nodes", 1), Location("x.yaml")) == Location("x.yaml")
    assert list(places) == [("nodes", 0, "id"), ("account",)]
    assert len(places) == 2
    assert ("nodes",) not in places
    del places[("account",)]
    assert dict(places) == {("nodes", 0, "id"): Location("card.yaml", 14, 9)}


def test_locate_falls_back_to_the_nearest_located_parent() -> None:
    source = SourceMap("card.yaml", Locations({("nodes", 2): ("card.yaml", 30, 5)}), Locations())
    assert source.locate(("nodes", 2, "metric", "target")) == Location("card.yaml", 30, 5)
    assert source.locate(("account",)) == Location("card.yaml", 1, 1)
