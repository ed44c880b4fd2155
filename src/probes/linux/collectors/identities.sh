# Per-machine identities of agents and services (rules L012-L018). Each group is the list of the
# identity files that exist, with their sizes; a directory that cannot be searched is an error.

# arcAgent: the Arc agent's config and the resource it is connected as.
c_arcAgent() {
  f=$(rpath /var/opt/azcmagent/agentconfig.json) || { unresolved /var/opt/azcmagent/agentconfig.json; return 1; }
  if unreadable_dir /var/opt/azcmagent || { [ -e "$f" ] && [ ! -r "$f" ]; }; then need_root /var/opt/azcmagent/agentconfig.json; return 1; fi
  if [ ! -f "$f" ]; then printf '{"config":null}'; return 0; fi
  name=$(tr ',' '\n' < "$f" | sed -n 's/.*"[Rr][Ee][Ss][Oo][Uu][Rr][Cc][Ee][Nn][Aa][Mm][Ee]"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' | head -n 1)
  printf '{"config":{"path":"/var/opt/azcmagent/agentconfig.json","resourceName":%s}}' "$(json_str "$name")"
}

c_docker() { files_group /var/lib/docker/swarm/state.json /var/lib/docker/engine-id /etc/docker/key.json; }

c_kubernetes() {
  files_group /etc/kubernetes/kubelet.conf /var/lib/kubelet/pki/kubelet-client-current.pem /etc/kubernetes/pki/ca.key \
    /etc/rancher/node/password /var/lib/rancher/k3s/agent/client-kubelet.crt /var/lib/rancher/rke2/agent/client-kubelet.crt
}

c_configManagement() {
  files_group '/etc/puppetlabs/puppet/ssl/private_keys/*.pem' '/var/lib/puppet/ssl/private_keys/*.pem' \
    /etc/chef/client.pem /etc/salt/pki/minion/minion.pem /etc/salt/minion_id
}

c_subscription() {
  files_group /etc/pki/consumer/cert.pem /etc/zypp/credentials.d/SCCcredentials /var/lib/ubuntu-advantage/private/machine-token.json \
    /var/lib/landscape/client/broker.bpickle /etc/sysconfig/rhn/systemid
}

c_securityAgents() {
  files_group /var/ossec/etc/client.keys /opt/Elastic/Agent/fleet.enc '/etc/opt/microsoft/omsagent/*/conf/omsadmin.conf' /opt/CrowdStrike/falconstore
}

# databases: server and cluster member identities; Elasticsearch keeps its node ids in a folder.
c_databases() {
  files_json /var/lib/mysql/auto.cnf /var/lib/etcd/member/snap/db /opt/consul/node-id /var/lib/consul/node-id \
    '/var/lib/postgresql/*/main/global/pg_control' /var/lib/pgsql/data/global/pg_control
  guard_dirs '/var/lib/postgresql/*/main' /var/lib/elasticsearch
  if [ -n "$UNREADABLE" ]; then why_unreadable; return 1; fi
  d=$(rpath /var/lib/elasticsearch/nodes) && [ -d "$d" ] && FILES_OUT="$FILES_OUT${FILES_OUT:+,}{\"path\":\"/var/lib/elasticsearch/nodes\",\"size\":null}"
  printf '{"files":[%s]}' "$FILES_OUT"
}
