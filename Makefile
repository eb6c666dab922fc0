# The two set-up commands of the README (site, test) and the developer's shortcuts. All create .venv/ at the root.
.PHONY: site test test-fast lint golden durations
site:
	bash scripts/dev.sh site
test:
	bash scripts/dev.sh test
test-fast:
	bash scripts/dev.sh test-fast
lint:
	bash scripts/dev.sh lint
golden:
	bash scripts/dev.sh golden
durations:
	bash scripts/dev.sh durations
