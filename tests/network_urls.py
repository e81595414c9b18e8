"""The project's URLs plus the stakeholder network's, until participation/urls.py includes them.

The network's patterns join participation's under the same `participation`
namespace, listed first, so "participation:manage_network" and
"participation:office" both reverse. Delete this module (and the
`pytest.mark.urls` marker in tests/test_network.py) once they are wired in.
"""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from participation.urls import urlpatterns as participation_patterns
from participation.urls_network import network_patterns
from portal.urls import urlpatterns as project_patterns

urlpatterns = [
    *i18n_patterns(
        path("", include((network_patterns + participation_patterns, "participation"), namespace="participation")),
        prefix_default_language=False,
    ),
    *project_patterns,
]
