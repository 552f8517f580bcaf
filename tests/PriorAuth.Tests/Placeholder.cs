namespace PatientAccess.PriorAuth.Tests;
