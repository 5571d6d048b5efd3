"""Safe edits of payoff files and new files from templates.

:mod:`deterrence.edit.toml_edit` changes parameters, payoffs, labels and
metadata through ``tomlkit`` (comments and layout survive), validates the
result and writes atomically; :mod:`deterrence.edit.templates` starts a new
file from a bundled template (``deterrence new``).
"""
