"""Keyed hashes: the NIR (to match persons), households' and persons' content (to skip what
has not changed). Keyed with HASH_KEY, so that none can be recomputed from a guess without it.
"""

import hashlib
import hmac
from functools import lru_cache

from django.conf import settings


def nir_hash(nir: str) -> str:
    """HMAC-SHA256 of the NIR: it matches persons and can be neither read back nor shown."""
    normalized = nir.replace(" ", "").upper()
    return hmac.digest(settings.HASH_KEY.encode(), normalized.encode(), "sha256").hex()


@lru_cache(maxsize=8)
def _key(purpose: str, secret: str) -> bytes:
    return hashlib.sha256(f"{purpose}:{secret}".encode()).digest()


def content_digest(content: str | bytes, *, purpose: str = "caf-content", person: str = "") -> str:
    """128 bits of keyed BLAKE2b, in hex (32 characters): a change detector, not a secret."""
    data = content.encode() if isinstance(content, str) else content
    key = _key(purpose, settings.HASH_KEY)
    return hashlib.blake2b(data, key=key, person=person.encode()[:16], digest_size=16).hexdigest()


def raw_hasher(encoding: str):
    """The digest of a household's bytes, bound to the document's encoding."""
    key = _key("caf-raw", settings.HASH_KEY)
    person = (encoding or "utf-8").encode()[:16]
    return lambda data: hashlib.blake2b(data, key=key, person=person, digest_size=16).hexdigest()
