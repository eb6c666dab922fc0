# The two set-up commands of the README. Both create .venv/ at the root.
.PHONY: site test
site:
	bash scripts/dev.sh site
test:
	bash scripts/dev.sh test
