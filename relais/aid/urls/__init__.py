"""The fund's URLs, one module per side: the agents', the secretariat's, the budget's."""

from relais.aid.urls import agent, budget, secretariat

app_name = "aid"

urlpatterns = [*agent.urlpatterns, *secretariat.urlpatterns, *budget.urlpatterns]
