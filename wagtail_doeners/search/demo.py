"""Demo synonyms, so the demo site finds *poetsdienst* when offerings say *schoonmaak*.

Editors manage the real list as a snippet; this only seeds a starting set.
"""

DEMO_SYNONYMS = [
    "poetsen, poetsdienst, schoonmaak, schoonmaken, reiniging",
    "groenonderhoud, tuinonderhoud, groenzorg",
    "strijken, strijkdienst, strijkatelier",
    "fietsherstel, fietsherstelling, fietsreparatie",
    "drukwerk, drukkerij, printen",
    "catering, traiteur, broodjesservice",
]


def load_demo(*, rng, scale, stdout):
    from .models import Synonym

    created = 0
    for terms in DEMO_SYNONYMS:
        _, was_created = Synonym.objects.get_or_create(terms=terms)
        created += was_created
    stdout.write(f"Search demo: {len(DEMO_SYNONYMS)} synonym groups ({created} created).\n")
