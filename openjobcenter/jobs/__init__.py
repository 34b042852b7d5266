"""The job exchange: employers, vacancies, search (German stemming, radius by postal code), reference data (KldB 2010, postal codes), candidate profiles and matching."""
