"""Rehearsal: practice a hard conversation against a counterpart who reacts.

* :mod:`.scenario`: the scenario format (YAML data under ``scenarios/``) and
  its loader, whose errors name the file, the line and the field;
* :mod:`.detectors`: technique detectors, as data (``detectors.yaml``);
* :mod:`.engine`: the counterpart's state and rules (``defaults.yaml``);
* :mod:`.coach`: the report after a run;
* :mod:`.voice`: the optional language-model voice.

Nothing is loaded at import time.
"""
