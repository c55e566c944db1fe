"""What this installation uses when nothing is named (configuration, not law or code).

The one bundled rule set is the default of ``evaluate``, ``batch`` and every verb's ``--rules``.
"""

DEFAULT_RULESET = "dien-bien-2019"
