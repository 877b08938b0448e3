"""What a backup must bring back, counted: printed as one JSON line (scripts/backup.sh and restore.sh)."""
import json

from wagtail.models import Page, Revision

from directory.models import Contact
from portal.models import Resource

print(json.dumps({
    "pages": Page.objects.count(),
    "contacts": Contact.objects.count(),
    "revisions": Revision.objects.count(),
    "documents": Resource.objects.count(),
}, sort_keys=True))
