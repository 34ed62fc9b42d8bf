from .urls_dossier import urlpatterns as dossier_patterns
from .urls_forwarding import urlpatterns as forwarding_patterns
from .urls_proposals import urlpatterns as proposal_patterns
from .urls_records import urlpatterns as records_patterns

app_name = "awards"
urlpatterns = proposal_patterns + dossier_patterns + records_patterns + forwarding_patterns
