{{/* The labels on every object, as arca install sets them. */}}
{{- define "arca.labels" -}}
app.kubernetes.io/component: server
app.kubernetes.io/name: arca
app.kubernetes.io/part-of: arca
{{- end -}}

{{/* The labels the server's pods are selected by. */}}
{{- define "arca.selector" -}}
app.kubernetes.io/component: server
app.kubernetes.io/name: arca
{{- end -}}

{{/* The labels on the fleet agent's objects. */}}
{{- define "arca.agentLabels" -}}
app.kubernetes.io/component: fleet-agent
app.kubernetes.io/name: arca
app.kubernetes.io/part-of: arca
{{- end -}}

{{/* The labels the fleet agent's pod is selected by. */}}
{{- define "arca.agentSelector" -}}
app.kubernetes.io/component: fleet-agent
app.kubernetes.io/name: arca
{{- end -}}
