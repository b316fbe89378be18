{{/* Chart name, overridable with nameOverride. */}}
{{- define "longrun.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name; the release name alone when it already contains the chart name. */}}
{{- define "longrun.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "longrun.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "longrun.selectorLabels" -}}
app.kubernetes.io/name: {{ include "longrun.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "longrun.labels" -}}
helm.sh/chart: {{ include "longrun.chart" . }}
{{ include "longrun.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: longrun
{{- end }}

{{- define "longrun.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "longrun.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "longrun.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* Where the Slurm credential is mounted, and the environment variable that names the file. */}}
{{- define "longrun.slurmCredentialDir" -}}/etc/longrun/slurm{{- end }}

{{/*
Checks the combinations that the schema cannot express. Included by the Deployment, so any
render of the chart fails with one of these messages.
*/}}
{{- define "longrun.validate" -}}
{{- $replicas := int .Values.replicaCount }}
{{- if and (gt $replicas 1) (ne .Values.database.type "postgresql") }}
{{- fail (printf "database.type=%s allows only replicaCount: 1 (got %d): H2 is an embedded single-process database and cannot be shared by several pods. Set replicaCount: 1, or database.type: postgresql with database.url, database.username and database.existingSecret." .Values.database.type $replicas) }}
{{- end }}
{{- if eq .Values.database.type "postgresql" }}
{{- $_ := required "database.url is required when database.type=postgresql (a jdbc:postgresql:// URL)" .Values.database.url }}
{{- $_ := required "database.username is required when database.type=postgresql" .Values.database.username }}
{{- $_ := required "database.existingSecret is required when database.type=postgresql: the name of a Secret holding the password (the chart never takes the password itself)" .Values.database.existingSecret }}
{{- $_ := required "database.passwordKey is required when database.type=postgresql: the key of the password in database.existingSecret" .Values.database.passwordKey }}
{{- end }}
{{- $jwt := .Values.slurm.jwtKey.existingSecret }}
{{- $token := .Values.slurm.token.existingSecret }}
{{- if and $jwt $token }}
{{- fail "slurm.jwtKey.existingSecret and slurm.token.existingSecret are both set: set exactly one Slurm credential (the JWT key to mint per-user tokens, or a ready-made token)." }}
{{- end }}
{{- if not (or $jwt $token) }}
{{- fail "no Slurm credential: set exactly one of slurm.jwtKey.existingSecret (a Secret with slurmrestd's jwt_hs256.key) or slurm.token.existingSecret (a Secret with a slurmrestd token)." }}
{{- end }}
{{- if $jwt }}
{{- $_ := required "slurm.jwtKey.key is required: the key of jwt_hs256.key inside slurm.jwtKey.existingSecret" .Values.slurm.jwtKey.key }}
{{- else }}
{{- $_ := required "slurm.token.key is required: the key of the token inside slurm.token.existingSecret" .Values.slurm.token.key }}
{{- end }}
{{- $_ := required "slurm.restUrl is required: the base URL of slurmrestd" .Values.slurm.restUrl }}
{{- end }}
