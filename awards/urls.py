from .urls_proposals import urlpatterns as proposal_patterns
from .urls_records import urlpatterns as records_patterns
from .urls_research import urlpatterns as research_patterns

app_name = "awards"
urlpatterns = proposal_patterns + research_patterns + records_patterns
