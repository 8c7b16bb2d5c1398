"""What a synthetic corpus is made of: the annotated article's mixes of relations, statuses and entity
types, the types each relation accepts, and the words its sentences and names are built from."""

# Relation mix of the article's statements.csv (counts), by the kind of sentence that carries it.
ACTOR_RELATIONS = {"opposes": 31, "supports": 28, "influences": 18, "advocates": 16, "negotiatesWith": 12,
                   "memberOf": 11, "criticises": 11, "inFaction": 6, "holdsOffice": 6, "partOf": 5,
                   "alliedWith": 5, "leads": 4, "rejects": 3, "successorOf": 1, "siblingOf": 1,
                   "locatedIn": 1, "hasRelationsWith": 1}
EVENT_LINKS = {"concerns": 40, "precedes": 14, "respondsTo": 9, "subEventOf": 7, "causes": 3}
STATUSES = {"stated": 319, "argument": 108, "reported": 24, "rumour": 12, "prediction": 12, "speculation": 8}
FIGURE_STATUSES = {"stated": 29, "reported": 17, "estimate": 2, "argument": 2}
HEDGES = {"": 35, "around": 6, "more than": 3, "about": 1, "nearly": 1, "roughly": 1, "at best": 1}

ENTITY_TYPES = {
    "Person": 25, "CollectiveActor": 12, "Organisation": 6, "PoliticalParty": 4, "Faction": 3,
    "StateInstitution": 4, "Post": 4, "Publication": 3, "Regime": 1, "InternationalOrganisation": 1,
    "Country": 1, "Province": 4, "City": 5, "Place": 2, "Ideology": 1, "PoliticalProject": 2,
    "Election": 3, "Protest": 3, "Meeting": 2, "Disqualification": 1, "Decision": 2, "Appeal": 1,
    "Announcement": 1, "Communique": 1, "Resignation": 1, "Boycott": 1, "Negotiation": 1, "Crisis": 1,
    "Proposal": 1, "Agreement": 1, "Sanction": 1, "Report": 1, "SitIn": 1, "Period": 1,
}
ACTORS = ("Person", "CollectiveActor", "Organisation", "PoliticalParty", "Faction", "StateInstitution",
          "Post", "Regime", "InternationalOrganisation", "Country")
BODIES = ("Organisation", "PoliticalParty", "StateInstitution", "CollectiveActor")
PLACES = ("Country", "Province", "City", "Place")
EVENTS = ("Election", "Protest", "Meeting", "Disqualification", "Decision", "Appeal", "Announcement",
          "Communique", "Resignation", "Boycott", "Negotiation", "Crisis", "Proposal", "Agreement",
          "Sanction", "Report", "SitIn", "Period")
PROJECTS = ("Ideology", "PoliticalProject")
CAMEO = {"Protest": "141", "Meeting": "040", "Appeal": "020", "Boycott": "1431", "Negotiation": "046",
         "Agreement": "057", "Announcement": "010", "Decision": "014"}

# (subject types, object types) each relation accepts, so the graph meets the SHACL shapes.
RELATION_TYPES = {
    "leads": (("Person",), BODIES + ("Faction",)),
    "memberOf": (("Person", "Organisation"), BODIES),
    "inFaction": (("Person", "PoliticalParty", "Organisation"), ("Faction",)),
    "partOf": (("Organisation",), ("Organisation", "StateInstitution", "PoliticalParty")),
    "holdsOffice": (("Person",), ("Post",)),
    "siblingOf": (("Person",), ("Person",)),
    "successorOf": (("Person",), ("Person",)),
    "locatedIn": (("City", "Place", "StateInstitution"), ("Province", "Country")),
    "advocates": (ACTORS, PROJECTS),
    "rejects": (ACTORS, ("Proposal", "Decision", "Agreement")),
}
VERBS = {
    "opposes": ("opposed", "stood against", "fought"), "supports": ("supported", "backed", "sided with"),
    "influences": ("encouraged", "shaped the course of", "weighed on"), "advocates": ("championed", "defended", "promoted"),
    "negotiatesWith": ("negotiated with", "bargained with", "held talks with"),
    "memberOf": ("belonged to", "was a member of", "sat in"), "criticises": ("criticised", "blamed", "denounced"),
    "inFaction": ("was counted among", "sided with the camp of", "was reckoned part of"),
    "holdsOffice": ("served as", "held the office of", "was appointed"), "partOf": ("was part of", "belonged within", "answered to"),
    "alliedWith": ("allied with", "joined forces with", "made common cause with"), "leads": ("led", "headed", "presided over"),
    "rejects": ("rejected", "refused", "turned down"), "successorOf": ("succeeded", "replaced", "took over from"),
    "siblingOf": ("is the sibling of", "is the brother of", "is the sister of"), "locatedIn": ("lies in", "is located in", "stands in"),
    "hasRelationsWith": ("kept relations with", "dealt with", "kept channels open to"),
}
EVENT_VERBS = {"concerns": "concerned", "precedes": "came before", "respondsTo": "answered",
               "subEventOf": "was part of", "causes": "brought about"}
OPENERS = {"stated": "", "argument": "In effect, ", "prediction": "It seems certain that ",
           "speculation": "Perhaps ", "rumour": "It was rumoured that ", "estimate": "By one estimate, "}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
MEASURES = (("turnout", "percent", "of the voters turned out"), ("vote-share", "percent", "of the votes went to"),
            ("candidates", "count", "candidates stood"), ("disqualified-candidates", "count", "candidates were barred"),
            ("protesters", "count", "people joined"), ("sit-in-length", "day", "days of sit-in went by"))
FILLER = ("the balance of forces", "the old guard", "a generation of activists", "the provincial press",
          "the clerical establishment", "the bazaar", "the universities", "the urban poor", "the security services",
          "the courts", "public opinion", "the ministries", "the state broadcaster", "rural voters")
FILLER_VERBS = ("watched", "weighed", "ignored", "feared", "welcomed", "doubted", "absorbed", "mistrusted")
ADJECTIVES = ("National", "Islamic", "Democratic", "Popular", "United", "Free", "Progressive", "Workers’",
              "Revolutionary", "Independent", "Civic", "Green", "Students’", "Teachers’", "Writers’")
NOUNS = ("Front", "Association", "Council", "League", "Society", "Union", "Assembly", "Coalition", "Movement",
         "Committee", "Party", "Forum", "Alliance", "Congress")
SYLLABLES = ("ba", "da", "fa", "ga", "ha", "ja", "ka", "la", "ma", "na", "pa", "ra", "sa", "ta", "va", "za",
             "be", "de", "ke", "me", "ne", "re", "se", "te", "bi", "di", "ki", "mi", "ni", "ri", "si", "ti",
             "bo", "do", "ko", "mo", "no", "ro", "so", "to", "bu", "du", "ku", "mu", "nu", "ru", "su", "tu",
             "kha", "sha", "gho", "zé", "rā", "ḥa")
ENDINGS = ("i", "an", "ani", "zadeh", "pour", "nia", "ian", "ar", "abad", "estan", "vand", "")
