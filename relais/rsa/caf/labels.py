"""French wording of the flow's codes, for the timeline and the pages (CNAF documentation)."""

from relais.rsa.models import RightState

CLOSURE_REASONS = {
    "PCG": "décision du président du conseil départemental",
    "ECH": "échéance, quatre mois sans droit",
    "EFF": "annulation de la bascule RMI/API",
    "MUT": "mutation du dossier vers un autre organisme",
    "RGD": "regroupement de dossiers",
    "RFD": "radiation, fin de droit",
    "RAU": "radiation, autre motif",
    "RST": "radiation, option RSTA (outre-mer)",
    "RSO": "radiation, option RSO (outre-mer)",
}

SUSPENSION_REASONS = {
    "01": "ressources trop élevées",
    "02": "moins de 25 ans sans enfant ni personne à charge",
    "03": "activité non conforme",
    "04": "titre de séjour non valide",
    "05": "RSA inférieur au seuil de versement",
    "06": "déclaration trimestrielle de ressources non fournie",
    "09": "résidence non conforme",
    "19": "pas d'isolement",
    "31": "prestation exclue (affiliation partielle)",
    "34": "régime non conforme",
    "35": "demande d'avantage vieillesse absente ou tardive",
    "36": "titre de séjour absent",
    "44": "hospitalisation",
    "70": "action non engagée",
    "78": "surface pondérée supérieure au plafond ou inconnue",
    "84": "droit éteint ou autre cas",
    "85": "pas d'allocataire",
    "97": "bénéficiaire de l'AAH réduite",
    "AB": "allocataire absent du foyer",
    "CV": "attente de la décision du président du conseil départemental",
    "CZ": "activité antérieure insuffisante",
    "DA": "activité antérieure absente",
    "DB": "étudiant, rémunération insuffisante",
    "DC": "activité antérieure non conforme",
}

# Short forms for the timeline: "Droit RSA : clos (motif : …)".
STATE_SHORT = {
    RightState.AWAITING: "demande en attente de décision",
    RightState.REFUSED: "refusé",
    RightState.PAYABLE: "ouvert et versable",
    RightState.SUSPENDED: "ouvert et suspendu",
    RightState.PAYMENT_SUSPENDED: "ouvert, versement suspendu",
    RightState.CLOSED: "clos",
    RightState.CLOSED_EARLIER: "clos sur un mois antérieur",
}


def closure_label(code: str) -> str:
    return CLOSURE_REASONS.get(code, f"code {code}") if code else ""


def suspension_label(code: str) -> str:
    return SUSPENSION_REASONS.get(code, f"code {code}") if code else ""


def organisation_label(code: str) -> str:
    """FONORG + NUMORG, e.g. CAF821 → "CAF 821"."""
    return f"{code[:3]} {code[3:]}".strip()
