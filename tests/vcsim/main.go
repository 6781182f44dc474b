// A vCenter for vmgraph's tests: govmomi's simulator (a real implementation of the vSphere API)
// with one cluster of hosts of the releases given, served over TLS with a self-signed
// certificate. It prints "URL <url>" once it serves, and stops when its standard input closes.
//
//	GO111MODULE=off GOPATH=$PWD/.gopath:/usr/share/gocode go build -o vcsim ./tests/vcsim
//	./vcsim -releases 8.0.2/22380479,7.0.3/20036589 -vms 2000
//
// Built by .ci/run (and by tests/test_vcenter.py when go and govmomi are there).
package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"strings"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

func main() {
	releases := flag.String("releases", "8.0.2/22380479,7.0.3/20036589", "each host's ESXi version/build, comma-separated")
	secure := flag.Bool("tls", true, "serve over TLS (a self-signed certificate)")
	user := flag.String("user", "vmgraph", "the user name the server takes")
	password := flag.String("password", "", "the password it takes (default: $VCSIM_PASSWORD)")
	vms := flag.Int("vms", 0, "VMs to make before serving, spread over the hosts (vmx-10 to vmx-19, those ESXi runs)")
	flag.Parse()
	if *password == "" {
		*password = os.Getenv("VCSIM_PASSWORD")
	}
	versions := strings.Split(*releases, ",")

	model := simulator.VPX()
	model.Host = 0
	model.ClusterHost = len(versions)
	model.Machine = 0
	if err := model.Create(); err != nil {
		log.Fatal(err)
	}
	defer model.Remove()
	for i, entity := range simulator.Map.All("HostSystem") {
		host := entity.(*simulator.HostSystem)
		parts := strings.SplitN(versions[i%len(versions)], "/", 2)
		about := host.Config.Product
		about.Version, about.Build = parts[0], parts[1]
		about.FullName = fmt.Sprintf("VMware ESXi %s build-%s", parts[0], parts[1])
		about.ApiVersion = parts[0][:3]
		host.Config.Product = about
		summary := about
		host.Summary.Config.Product = &summary
	}
	if *secure {
		model.Service.TLS = new(tls.Config)
	}
	model.Service.Listen = &url.URL{User: url.UserPassword(*user, *password)}
	server := model.Service.NewServer()
	defer server.Close()

	if *vms > 0 {
		if err := makeVMs(server.URL, *vms); err != nil {
			log.Fatal(err)
		}
	}
	address := *server.URL
	address.User = nil
	fmt.Printf("URL %s\n", address.String())
	os.Stdout.Sync()
	bufio.NewReader(os.Stdin).ReadString(0) // until the test closes our standard input
}

// ESXi's hardware versions from vmx-10 on (vmx-12 and vmx-16 are Workstation's).
var hardware = []int{10, 11, 13, 14, 15, 17, 18, 19}

// makeVMs makes count VMs round-robin over the hosts and over those hardware versions.
func makeVMs(u *url.URL, count int) error {
	ctx := context.Background()
	client, err := govmomi.NewClient(ctx, u, true)
	if err != nil {
		return err
	}
	finder := find.NewFinder(client.Client, false)
	dc, err := finder.DefaultDatacenter(ctx)
	if err != nil {
		return err
	}
	finder.SetDatacenter(dc)
	folders, err := dc.Folders(ctx)
	if err != nil {
		return err
	}
	pool, err := finder.DefaultResourcePool(ctx)
	if err != nil {
		return err
	}
	hosts, err := finder.HostSystemList(ctx, "*/*")
	if err != nil {
		return err
	}
	store, err := finder.DefaultDatastore(ctx)
	if err != nil {
		return err
	}
	runs := map[string]int{} // host id -> the newest hardware version its release runs (KB 1003746)
	for _, entity := range simulator.Map.All("HostSystem") {
		host := entity.(*simulator.HostSystem)
		runs[host.Reference().Value] = newestRun(host.Config.Product.Version)
	}
	for i := 0; i < count; i++ {
		host := hosts[i%len(hosts)]
		version := hardware[i%len(hardware)]
		if newest := runs[host.Reference().Value]; version > newest {
			version = newest // as a real estate has it: no VM newer than its host runs
		}
		spec := types.VirtualMachineConfigSpec{
			Name:     fmt.Sprintf("vm%05d", i),
			Version:  fmt.Sprintf("vmx-%d", version),
			GuestId:  "otherGuest64",
			NumCPUs:  int32(1 + i%4),
			MemoryMB: int64(1024 * (1 + i%8)),
			Files:    &types.VirtualMachineFileInfo{VmPathName: fmt.Sprintf("[%s]", store.Name())},
		}
		task, err := folders.VmFolder.CreateVM(ctx, spec, pool, host)
		if err != nil {
			return err
		}
		if err := task.Wait(ctx); err != nil {
			return err
		}
	}
	return nil
}

// newestRun is the newest of `hardware` a release runs (KB 1003746: 6.7 U2 runs vmx-15, 7.0 U2 and
// later vmx-19, 8.0 vmx-20 and later); enough for the simulated estate, not a rule of vmgraph's.
func newestRun(version string) int {
	switch {
	case strings.HasPrefix(version, "6."):
		return 15
	case version == "7.0.0":
		return 17
	case version == "7.0.1":
		return 18
	}
	return 19
}
