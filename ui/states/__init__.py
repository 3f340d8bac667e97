"""Each page's settings schema (its ``STATE``): keys, defaults, bounds and share link, importable without the page."""
