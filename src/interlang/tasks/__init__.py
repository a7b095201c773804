"""Floor 6: the tasks interlang answers — difficulty, proficiency, L1 — and their workflows.

Each task knows its label range, corpora, recipes and shipped model names; the train/evaluate
workflows (``interlang train``, ``interlang evaluate``, the NLI experiment) live here, on top of
the model families, which know no corpus and no task.
"""
