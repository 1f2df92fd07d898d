"""Who may read the directories: any agent of the département, whatever the role.

Sites and professionals' work contacts are not personal data of the persons followed; they
are shared so that every reception point can orient (action sheets 2.4 and 2.5).
"""

from django.http import Http404


def directory_departement_id_or_404(user) -> int:
    """The département whose directory the agent reads: that of their current organisation."""
    membership = getattr(user, "membership", None)
    if membership is None:
        raise Http404
    return membership.organisation.departement_id
