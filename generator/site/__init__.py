"""The site: pure page rendering, charts, the calendar feed, the build and incremental rebuilds."""
